package io.vigil.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Syslog messages out of bytes, one per channel: over TCP and TLS, RFC 6587 octet counting ({@code 123 <34>1 ...},
 * what RFC 5425 and syslog-ng's {@code syslog()} driver send) or newline framing (rsyslog's default), told apart frame
 * by frame; over UDP, one message per datagram, with the sender's address. A frame longer than {@code maxLength} is cut
 * there (the rest follows as another message), never dropped.
 */
final class SyslogDecoder extends ByteToMessageDecoder {

    private static final int MAX_COUNT_DIGITS = 7;

    private final int maxLength;

    SyslogDecoder(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof DatagramPacket packet) {
            try {
                String text = trimmed(packet.content().toString(StandardCharsets.UTF_8));
                if (!text.isEmpty()) {
                    ctx.fireChannelRead(new DefaultAddressedEnvelope<>(text, packet.recipient(), packet.sender()));
                }
            } finally {
                packet.release();
            }
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int counted = counted(in, start);
            if (counted == NEED_MORE) {
                return;
            }
            if (counted >= 0) {
                int digits = digits(in, start);
                if (in.writerIndex() - (start + digits + 1) < counted) {
                    return;
                }
                out.add(trimmed(in.toString(start + digits + 1, counted, StandardCharsets.UTF_8)));
                in.readerIndex(start + digits + 1 + counted);
                continue;
            }
            int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (newline < 0) {
                if (in.readableBytes() >= maxLength) {
                    out.add(in.toString(start, maxLength, StandardCharsets.UTF_8));
                    in.readerIndex(start + maxLength);
                    continue;
                }
                return;
            }
            int length = Math.min(newline - start, maxLength);
            String line = trimmed(in.toString(start, length, StandardCharsets.UTF_8));
            in.readerIndex(length < newline - start ? start + length : newline + 1);
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        // What the sender wrote before closing, without a final newline, is a message too.
        if (in.isReadable()) {
            String rest = trimmed(in.toString(StandardCharsets.UTF_8));
            in.skipBytes(in.readableBytes());
            if (!rest.isEmpty()) {
                out.add(rest);
            }
        }
    }

    private static final int NEED_MORE = -2;

    /**
     * The octet count starting the frame at {@code start} ({@code MSG-LEN SP} then {@code <}, the PRI), -1 when the
     * frame is newline-framed, {@link #NEED_MORE} when too few bytes have come to tell.
     */
    private int counted(ByteBuf in, int start) {
        int digits = digits(in, start);
        if (digits == 0 || in.getByte(start) == '0') {
            return -1;
        }
        if (start + digits + 1 >= in.writerIndex()) {
            return digits > MAX_COUNT_DIGITS ? -1 : NEED_MORE;
        }
        if (digits > MAX_COUNT_DIGITS || in.getByte(start + digits) != ' ' || in.getByte(start + digits + 1) != '<') {
            return -1;
        }
        int count = Integer.parseInt(in.toString(start, digits, StandardCharsets.US_ASCII));
        return count <= maxLength ? count : -1;
    }

    private static int digits(ByteBuf in, int start) {
        int at = start;
        while (at < in.writerIndex() && at - start <= MAX_COUNT_DIGITS && in.getByte(at) >= '0' && in.getByte(at) <= '9') {
            at++;
        }
        return at - start;
    }

    /** Without the line ending (LF, CRLF) or the NUL some senders end a message with. */
    private static String trimmed(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\0')) {
            end--;
        }
        return text.substring(0, end);
    }
}
