package io.vigil.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A realistic, deterministic mix of events as shippers send them: sshd lines from syslog-ng, audisp-json execve
 * records, CloudTrail API calls, Zeek conn/dns records and Suricata alerts (custom endpoints), squid access lines.
 * The same seed gives the same events, so runs compare.
 */
public final class EventMix {

    /** One event as it reaches an input: the endpoint, whether it is a custom one (no key mapping), the body. */
    public record Item(String endpoint, boolean custom, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "svc-backup", "root", "deploy"};
    private static final String[] HOSTS = {"web1.private.sfo1.example.com", "db2.private.abc1.example.com", "bastion.example.com", "ci-7.build.example.com"};
    private static final String[] API_CALLS = {"DescribeInstances", "GetObject", "AssumeRole", "PutObject", "ListBuckets", "CreateTags"};
    private static final String[] COMMANDS = {"/usr/bin/ls -la /var/log", "/bin/sh -c netstat -t -a -n", "/usr/bin/curl -s https://example.com/health",
        "/usr/sbin/sshd -R", "/usr/bin/python3 /opt/app/manage.py migrate"};

    private final SplittableRandom random;

    public EventMix(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public List<Item> events(int count) {
        List<Item> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(next(i));
        }
        return items;
    }

    private Item next(int i) {
        ObjectNode event = JSON.createObjectNode();
        return switch (i % 6) {
            case 0 -> item("events", false, sshd(event));
            case 1 -> item("events", false, auditd(event));
            case 2 -> item("events", false, cloudtrail(event));
            case 3 -> item("bro", true, zeek(event));
            case 4 -> item("suricata", true, suricata(event));
            default -> item("squid", true, squid(event));
        };
    }

    private ObjectNode sshd(ObjectNode event) {
        String user = pick(USERS);
        event.put("CATEGORY", "syslog").put("DATE", "2019-10-27T14:01:" + two(random.nextInt(60)) + "+00:00").put("HOST", pick(HOSTS))
                .put("MESSAGE", "Accepted publickey for " + user + " from " + publicIp() + " port " + (1024 + random.nextInt(60000))
                        + " ssh2: RSA SHA256:1fPhSawXQzFDrJoN2uSos2nGg3wS3oGp15x8/HR+pBc")
                .put("PID", Integer.toString(1000 + random.nextInt(30000))).put("PRIORITY", "info").put("PROGRAM", "sshd")
                .put("SOURCE", "syslog_tcp").put("SOURCEIP", privateIp()).put("TAGS", ".source.syslog_tcp").put("FACILITY", "authpriv")
                .put("HOST_FROM", "syslog1.private.example.com").put("FILE_NAME", "/var/log/secure");
        return event;
    }

    private ObjectNode auditd(ObjectNode event) {
        event.put("category", "execve").put("processname", "audisp-json").put("hostname", pick(HOSTS)).put("severity", "INFO")
                .put("summary", "Execve: " + pick(COMMANDS)).put("timestamp", "2019-10-27T14:02:11.123456+00:00");
        event.putObject("details").put("auditkey", "exec").put("command", pick(COMMANDS)).put("duser", pick(USERS)).put("suser", "root")
                .put("parentprocess", "bash").put("auid", random.nextBoolean() ? "4294967295" : "1001").put("ses", "4294967295")
                .put("gid", "0").put("uid", "1001").put("cwd", "/home/deploy").put("dhost", pick(HOSTS)).put("pid", Integer.toString(random.nextInt(65536)))
                .put("ppid", Integer.toString(random.nextInt(65536))).put("tty", "pts0").put("session", Integer.toString(random.nextInt(5000)))
                .put("originaluser", pick(USERS)).put("process", "/usr/bin/bash").put("path", "/usr/bin/ls");
        return event;
    }

    private ObjectNode cloudtrail(ObjectNode event) {
        String call = pick(API_CALLS);
        event.put("source", "cloudtrail").put("category", "AwsApiCall").put("summary", publicIp() + " performed " + call + " in ec2.amazonaws.com")
                .put("timestamp", "2019-10-27T14:03:00Z");
        ObjectNode details = event.putObject("details");
        details.put("eventName", call).put("eventSource", "ec2.amazonaws.com").put("apiVersion", "2016-11-15").put("sourceIPAddress", publicIp())
                .put("awsRegion", "us-west-2").put("userAgent", "aws-cli/2.13.0 Python/3.11");
        details.putObject("requestParameters").put("Description", "nightly " + random.nextInt(100)).put("instanceType", "m5.large");
        details.putObject("userIdentity").put("type", "IAMUser").put("userName", pick(USERS)).put("accountId", "123456789012")
                .put("arn", "arn:aws:iam::123456789012:user/" + pick(USERS)).put("principalId", "AIDA" + Long.toHexString(random.nextLong()).toUpperCase());
        details.put("eventID", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())).put("requestID", Long.toHexString(random.nextLong()));
        return event;
    }

    private ObjectNode zeek(ObjectNode event) {
        ObjectNode record = JSON.createObjectNode();
        record.put("ts", 1505701210.163043 + random.nextInt(100000)).put("uid", "C" + Long.toHexString(random.nextLong()))
                .put("id.orig_h", privateIp()).put("id.orig_p", 1024 + random.nextInt(60000)).put("id.resp_h", publicIp()).put("id.resp_p", 443)
                .put("proto", "tcp").put("service", "ssl").put("duration", random.nextDouble() * 10).put("orig_ip_bytes", random.nextInt(100000))
                .put("resp_ip_bytes", random.nextInt(1000000)).put("conn_state", "SF").put("history", "ShADadFf").put("local_orig", true)
                .put("local_resp", false).put("missed_bytes", 0).put("orig_pkts", random.nextInt(500)).put("resp_pkts", random.nextInt(900));
        event.put("category", "bro").put("SOURCE", "bro_conn").put("HOST_FROM", "nsm1").put("MESSAGE", record.toString());
        return event;
    }

    private ObjectNode suricata(ObjectNode event) {
        ObjectNode record = JSON.createObjectNode();
        record.put("timestamp", "2018-09-12T22:24:09.546736+0000").put("flow_id", random.nextLong() >>> 1).put("in_iface", "enp216s0f0")
                .put("community_id", "1:" + Long.toHexString(random.nextLong())).put("event_type", "alert").put("src_ip", privateIp())
                .put("src_port", 1024 + random.nextInt(60000)).put("dest_ip", publicIp()).put("dest_port", 53).put("proto", "017").put("app_proto", "dns");
        record.putObject("alert").put("action", "allowed").put("signature_id", 2500003).put("signature", "SURICATA DNS Query to a Suspicious *.ws Domain")
                .put("severity", 3);
        record.putObject("flow").put("pkts_toserver", 2).put("pkts_toclient", 0).put("bytes_toserver", 150).put("bytes_toclient", 0)
                .put("start", "2018-09-12T22:24:09.546736+0000");
        event.put("category", "suricata").put("source", "eve-log").put("event_type", "alert").put("message", record.toString());
        return event;
    }

    private ObjectNode squid(ObjectNode event) {
        event.put("category", "proxy").put("source", "access").put("tags", "squid").put("HOST_FROM", "proxy1")
                .put("MESSAGE", "1548043032.187 " + random.nextInt(2000) + " " + privateIp() + " " + (1024 + random.nextInt(60000)) + " " + publicIp()
                        + " 443 TCP_TUNNEL 200 " + random.nextInt(2000) + " " + random.nextInt(90000) + " CONNECT www.example.com:443 - www.example.com -");
        return event;
    }

    private Item item(String endpoint, boolean custom, ObjectNode event) {
        try {
            return new Item(endpoint, custom, JSON.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String publicIp() {
        return (11 + random.nextInt(180)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private String privateIp() {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private static String two(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }
}
