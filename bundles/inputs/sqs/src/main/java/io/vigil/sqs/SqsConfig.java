package io.vigil.sqs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.vigil.sqs.cfg}: the queue the SQS input reads (routes read it as {@code {{sqs.<key>}}}) and the S3 it fetches CloudTrail files from. */
@ObjectClassDefinition(name = "Vigil SQS input", description = "The SQS queue of the SQS input and the S3 its CloudTrail notifications point to")
public @interface SqsConfig {

    @AttributeDefinition(description = "Queue name: the tag its events get (MozDef's taskexchange)")
    String queue() default "taskexchange";

    @AttributeDefinition(description = "AWS region")
    String region() default "us-east-1";

    @AttributeDefinition(description = "Access key; empty = the SDK's default credentials chain (environment, profile, instance role)")
    String accessKey() default "";

    @AttributeDefinition(description = "Secret key", type = AttributeType.PASSWORD)
    String secretKey() default "";

    @AttributeDefinition(description = "S3-compatible endpoint CloudTrail files are fetched from; empty = AWS S3")
    String s3Endpoint() default "";

    @AttributeDefinition(description = "S3 buckets whose CloudTrail files S3 notifications may name, comma-separated; a notification naming another"
            + " is dead-lettered (empty: none, S3 notifications are all refused)")
    String[] s3Buckets() default {};

    @AttributeDefinition(description = "Bytes of a CloudTrail file at most, gzipped and once inflated; a larger one is dead-lettered")
    int maxObjectBytes() default 64 * 1024 * 1024;
}
