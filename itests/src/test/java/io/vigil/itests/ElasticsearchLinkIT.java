package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.net.URI;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The connection to Elasticsearch cut mid-request, again and again, under load from several senders: Vigil reaches
 * Elasticsearch through a proxy of the test's own, which closes every connection five times, each time once events flow again. Every
 * event that got a 200 is stored, none dead-lettered.
 */
public class ElasticsearchLinkIT {

    private static TcpProxy proxy;
    private static VigilInstance vigil;

    @BeforeClass
    public static void start() throws Exception {
        vigil = new VigilInstance("es-link").withServicesElasticsearch();
        URI elasticsearch = URI.create(vigil.esUrl());
        proxy = new TcpProxy(elasticsearch.getHost(), elasticsearch.getPort());
        vigil.environment.put("VIGIL_ES_URL", "http://127.0.0.1:" + proxy.port());
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    public void connectionsCutMidRequestLoseNothingAcknowledged() throws Exception {
        EventLoad load = new EventLoad(vigil, 4);
        load.through("connections to Elasticsearch cut 5 times", () -> {
            for (int cut = 0; cut < 5; cut++) {
                proxy.cut();
                // The next cut once events flow again through new connections, so each one cuts requests under way.
                int acked = load.acked.get();
                await().atMost(60, SECONDS).until(() -> load.acked.get() > acked);
            }
        });
        assertEquals(0, load.deadLettered());
    }
}
