import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.util.Map;
import org.apache.http.HttpHost;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * The Elasticsearch Java client 8.x against Vigil's HTTP input, as a user writes it: info, bulk requests of COUNT
 * creates with ids, one index, one create of an id that exists. Prints one JSON line of what the client saw; an
 * exception the client throws ends it non-zero.
 */
public class JavaClient8 {

    public static void main(String[] arguments) throws Exception {
        String url = arguments[0];
        String marker = arguments[1];
        int count = Integer.parseInt(arguments[2]);
        try (RestClient rest = RestClient.builder(HttpHost.create(url)).build()) {
            ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
            String version = client.info().version().number();
            int created = 0;
            for (int from = 0; from < count; from += 1000) {
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (int i = from; i < Math.min(count, from + 1000); i++) {
                    String id = marker + "-" + i;
                    Map<String, Object> document = Map.of("message", "java8 " + marker + " " + i);
                    bulk.operations(op -> op.create(c -> c.index("logs-java8").id(id).document(document)));
                }
                BulkResponse answer = client.bulk(bulk.build());
                if (answer.errors()) {
                    throw new IllegalStateException("bulk errors: " + answer.items().stream().filter(item -> item.error() != null).findFirst());
                }
                created += answer.items().size();
            }
            String single = client.index(i -> i.index("logs-java8").id(marker + "-single").document(Map.of("message", "java8 " + marker + " single")))
                    .result().jsonValue();
            int conflict = 0;
            try {
                client.create(c -> c.index("logs-java8").id(marker + "-0").document(Map.of("message", "replacement")));
            } catch (ElasticsearchException e) {
                conflict = e.status();
            } catch (ResponseException e) {
                // 8.x's low-level client raises a status its transport does not ask it to ignore (409 among them), as
                // it does against Elasticsearch itself.
                conflict = e.getResponse().getStatusLine().getStatusCode();
            }
            System.out.println("{\"version\":\"" + version + "\",\"created\":" + created + ",\"single\":\"" + single + "\",\"conflict\":" + conflict + "}");
        }
    }
}
