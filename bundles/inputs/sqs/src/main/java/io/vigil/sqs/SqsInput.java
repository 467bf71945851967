package io.vigil.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.ingest.Outcome;
import io.vigil.api.ingest.Pipeline;
import io.vigil.support.BadRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
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

    private final Pipeline ingestion;
    private final SqsMessages messages;
    private final String endpoint;
    private final S3Client s3;
    private final SqsDeletes deletes = new SqsDeletes();

    @Activate
    public SqsInput(@Reference Pipeline ingestion, SqsConfig config) {
        this.ingestion = ingestion;
        this.endpoint = config.queue();
        this.messages = new SqsMessages(config.queue(), "vigil", Clock.systemUTC());
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
        try {
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
                int record = 0;
                for (ObjectNode event : messages.cloudtrail(fetch(file))) {
                    String id = messageId == null ? null : messageId + "-" + file.key() + "-" + record++;
                    outcomes.add(ingestion.ingestNormalised(event, endpoint, id));
                }
            }
        } catch (BadRequestException e) {
            outcomes.add(ingestion.deadLetter(body == null ? "" : body, endpoint, "unreadable_message", e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // S3 unreachable, or its object unreadable for now: the message comes back after its visibility timeout.
            LOG.warn("SQS message {} left on the queue: {}", messageId, e.toString());
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
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

    /** A CloudTrail log file, gunzipped when it is gzip (CloudTrail writes .json.gz). */
    private byte[] fetch(SqsMessages.S3Object file) throws IOException {
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(request -> request.bucket(file.bucket()).key(file.key()))) {
            byte[] bytes = object.readAllBytes();
            if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    return in.readAllBytes();
                }
            }
            return bytes;
        }
    }
}
