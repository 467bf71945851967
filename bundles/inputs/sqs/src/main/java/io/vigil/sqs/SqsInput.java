package io.vigil.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.ingest.InFlight;
import io.vigil.api.ingest.Outcome;
import io.vigil.api.ingest.Pipeline;
import io.vigil.support.BadRequestException;
import io.vigil.support.Bodies;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.camel.support.AsyncProcessorSupport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The processor of {@code routes/sqs-input.xml} ({@code <process ref="io.vigil.sqs.input"/>}): reads a message as
 * MozDef's SQS workers do ({@link SqsMessages}), fetches the gzipped CloudTrail files an S3 notification names, and
 * completes the exchange only once every event is indexed, dropped by a plugin or dead-lettered; the message is deleted
 * then (ten to a request, {@link SqsDeletes}), and otherwise left to become visible again. The SQS {@code MessageId} is the document id (with
 * {@code -N} for the N-th event of a message), so a redelivery overwrites.
 */
// Camel in Karaf finds a processor by the service property "name".
@Component(name = "io.vigil.sqs", service = Processor.class, configurationPid = "io.vigil.sqs", property = "name=io.vigil.sqs.input",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SqsConfig.class)
public class SqsInput extends AsyncProcessorSupport {

    private static final String MESSAGE_ID = "CamelAwsSqsMessageId";
    private static final String RECEIPT_HANDLE = "CamelAwsSqsReceiptHandle";
    private static final Logger LOG = LoggerFactory.getLogger(SqsInput.class);
    /** How long a consumer waits for room in the in-flight budget before the message is left for later. */
    private static final Duration BUDGET_WAIT = Duration.ofSeconds(30);

    private final Pipeline ingestion;
    private final SqsMessages messages;
    private final String endpoint;
    private final S3Client s3;
    private final SqsDeletes deletes = new SqsDeletes();
    private final Set<String> buckets;
    private final int maxObjectBytes;

    @Activate
    public SqsInput(@Reference Pipeline ingestion, SqsConfig config) {
        this.ingestion = ingestion;
        this.endpoint = config.queue();
        this.messages = new SqsMessages(config.queue(), "vigil", Clock.systemUTC());
        // One value from the environment may list several, separated by commas.
        this.buckets = Stream.of(config.s3Buckets()).flatMap(value -> Stream.of(value.split(","))).map(String::strip)
                .filter(bucket -> !bucket.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.maxObjectBytes = config.maxObjectBytes();
        AwsCredentialsProvider credentials = config.accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
        S3ClientBuilder builder = S3Client.builder().region(Region.of(config.region())).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder())
                // Checksums only where S3 requires them: S3-compatible servers refuse the SDK's default checksum headers (501).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!config.s3Endpoint().isBlank()) {
            builder.endpointOverride(URI.create(config.s3Endpoint().trim())).forcePathStyle(true);
        }
        this.s3 = builder.build();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        deletes.close();
        s3.close();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String body = exchange.getMessage().getBody(String.class);
        String messageId = exchange.getMessage().getHeader(MESSAGE_ID, String.class);
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        // What the message and its files hold is taken from the inputs' budget, waiting for it (the consumer, and with
        // it the queue, waits), and given back once its events are settled.
        List<InFlight.Lease> leases = new ArrayList<>();
        try {
            leases.add(lease(body == null ? 0 : body.length()));
            SqsMessages.Contents contents = messages.read(body == null ? "" : body);
            int total = contents.raw().size() + contents.normalised().size();
            int n = 0;
            for (ObjectNode event : contents.raw()) {
                outcomes.add(ingestion.ingest(event, endpoint, false, id(messageId, n++, total, contents)));
            }
            for (ObjectNode event : contents.normalised()) {
                outcomes.add(ingestion.ingestNormalised(event, endpoint, id(messageId, n++, total, contents)));
            }
            for (SqsMessages.S3Object file : contents.cloudtrailFiles()) {
                byte[] json = fetch(file);
                leases.add(lease(json.length));
                int record = 0;
                for (ObjectNode event : messages.cloudtrail(json)) {
                    String id = messageId == null ? null : messageId + "-" + file.key() + "-" + record++;
                    outcomes.add(ingestion.ingestNormalised(event, endpoint, id));
                }
            }
        } catch (BadRequestException e) {
            outcomes.add(ingestion.deadLetter(body == null ? "" : body, endpoint, "unreadable_message", e.getMessage()));
        } catch (IOException | RuntimeException | InterruptedException e) {
            // S3 unreachable, or its object unreadable for now, or no budget in time: the message comes back after its
            // visibility timeout.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            leases.forEach(InFlight.Lease::close);
            LOG.warn("SQS message {} left on the queue: {}", messageId, e.toString());
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        CompletableFuture<Void> settled = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new));
        leases.forEach(lease -> lease.closeWhen(settled));
        settled.whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("SQS message {} left on the queue: {}", messageId, failure.getMessage());
                exchange.setException(failure);
            } else {
                delete(exchange);
            }
            callback.done(false);
        });
        return false;
    }

    private InFlight.Lease lease(long bytes) throws InterruptedException, IOException {
        InFlight budget = ingestion.inFlight();
        InFlight.Lease lease = budget.take(bytes, BUDGET_WAIT);
        if (lease == null) {
            throw new IOException("no room in the inputs' in-flight budget (" + budget.taken() + " of " + budget.capacity() + " bytes taken) for "
                    + BUDGET_WAIT.toSeconds() + " s");
        }
        return lease;
    }

    /**
     * A handled message goes in a batch delete, unless the route deletes each message itself ({@code deleteAfterRead=true},
     * Camel's default) or the exchange did not come from an SQS endpoint.
     */
    private void delete(Exchange exchange) {
        String receiptHandle = exchange.getMessage().getHeader(RECEIPT_HANDLE, String.class);
        if (exchange.getFromEndpoint() instanceof Sqs2Endpoint sqs && !sqs.getConfiguration().isDeleteAfterRead() && receiptHandle != null) {
            String queueUrl = sqs.getConfiguration().getQueueUrl();
            if (queueUrl == null || queueUrl.isBlank()) {
                queueUrl = sqs.getClient().getQueueUrl(request -> request.queueName(sqs.getConfiguration().getQueueName())).queueUrl();
            }
            deletes.delete(sqs.getClient(), queueUrl, receiptHandle);
        }
    }

    private static String id(String messageId, int n, int total, SqsMessages.Contents contents) {
        if (messageId == null) {
            return null;
        }
        return total == 1 && contents.cloudtrailFiles().isEmpty() ? messageId : messageId + "-" + n;
    }

    /**
     * A CloudTrail log file, gunzipped when it is gzip (CloudTrail writes .json.gz), from a bucket the configuration
     * allows, and no larger than {@code maxObjectBytes} read or inflated (both refused while read, not after).
     */
    private byte[] fetch(SqsMessages.S3Object file) throws IOException, BadRequestException {
        if (!buckets.contains(file.bucket())) {
            throw new BadRequestException(400, "S3 bucket '" + file.bucket() + "' is not one the SQS input may read (s3Buckets in etc/io.vigil.sqs.cfg)");
        }
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(request -> request.bucket(file.bucket()).key(file.key()))) {
            Long length = object.response().contentLength();
            try {
                return Bodies.read(object, length, "gzip", maxObjectBytes);
            } catch (BadRequestException e) {
                throw new BadRequestException(e.status(), "CloudTrail file s3://" + file.bucket() + "/" + file.key() + ": " + e.getMessage());
            }
        }
    }
}
