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
}
