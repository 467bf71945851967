package io.vigil.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SyslogDecoderTest {

    @Test
    void splitsNewlineAndOctetCountedFramesArrivingInPieces() {
        EmbeddedChannel channel = new EmbeddedChannel(new SyslogDecoder(1024));
        String counted = "<13>1 - h a - - - has\nnewline";
        write(channel, "<13>Jan  2 09:00:00 h a: one\r\n<13>Jan  2 09:00:00 h a: tw");
        assertEquals("<13>Jan  2 09:00:00 h a: one", channel.readInbound());
        assertNull(channel.readInbound());
        write(channel, "o\n" + counted.length() + " " + counted.substring(0, 5));
        assertEquals("<13>Jan  2 09:00:00 h a: two", channel.readInbound());
        assertNull(channel.readInbound());
        write(channel, counted.substring(5) + "\n\n<14>last without newline");
        assertEquals(counted, channel.readInbound());
        assertNull(channel.readInbound());
        channel.finish();
        assertEquals("<14>last without newline", channel.readInbound());
    }

    @Test
    void cutsAnOverlongLineWithoutLosingIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new SyslogDecoder(480));
        String line = "<13>" + "x".repeat(600);
        write(channel, line + "\n");
        assertEquals(line.substring(0, 480), channel.readInbound());
        assertEquals(line.substring(480), channel.readInbound());
    }

    @Test
    void aLineStartingWithDigitsIsNoOctetCount() {
        EmbeddedChannel channel = new EmbeddedChannel(new SyslogDecoder(1024));
        write(channel, "12 apples\n");
        assertEquals("12 apples", channel.readInbound());
    }

    @Test
    void aDatagramIsOneMessageWithItsSender() {
        EmbeddedChannel channel = new EmbeddedChannel(new SyslogDecoder(1024));
        InetSocketAddress sender = new InetSocketAddress("127.0.0.1", 5140);
        channel.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("<13>hello\n", StandardCharsets.UTF_8), new InetSocketAddress(514), sender));
        AddressedEnvelope<?, ?> envelope = channel.readInbound();
        assertEquals("<13>hello", envelope.content());
        assertEquals(sender, envelope.sender());
    }

    private static void write(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }
}
