package io.vigil.elasticsearch;

import java.io.IOException;

/** Elasticsearch answered a request with an error status: what was asked, the status and Elasticsearch's reason. */
public class ElasticsearchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reason;

    public ElasticsearchException(String request, Answer answer) {
        super(request + " answered " + answer.status() + ": " + explained(answer));
        this.status = answer.status();
        this.reason = answer.reason();
    }

    public int status() {
        return status;
    }

    /** Elasticsearch's own words, without the request. */
    public String reason() {
        return reason;
    }

    /** 401 and 403 are the configuration's fault more often than the request's: say which settings to look at. */
    private static String explained(Answer answer) {
        return switch (answer.status()) {
            case 401 -> answer.reason() + " (Elasticsearch refused Vigil's credentials: username/password or apiKey in etc/io.vigil.elasticsearch.cfg)";
            case 403 -> answer.reason() + " (Vigil's Elasticsearch user lacks a privilege for this request)";
            default -> answer.reason();
        };
    }
}
