package io.vigil.indices;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Vigil indices", description = "Index rotation, retention, archiving and restore")
public @interface IndicesConfig {

    @AttributeDefinition(description = "UTC hour of the daily retention and archiving")
    int maintenanceHour() default 1;

    @AttributeDefinition(description = "Event indices older than this many days are closed (0: never)")
    int eventsCloseAfterDays() default 30;

    @AttributeDefinition(description = "Event indices older than this many days are deleted (0: never)")
    int eventsDeleteAfterDays() default 0;

    @AttributeDefinition(description = "Alert indices (monthly) older than this many days after their month are closed (0: never)")
    int alertsCloseAfterDays() default 0;

    @AttributeDefinition(description = "Alert indices older than this many days after their month are deleted (0: never)")
    int alertsDeleteAfterDays() default 0;

    @AttributeDefinition(description = "Audit trail indices (monthly) older than this many days after their month are closed (0: never)")
    int auditCloseAfterDays() default 0;

    @AttributeDefinition(description = "Audit trail indices older than this many days after their month are deleted (0: never)")
    int auditDeleteAfterDays() default 0;

    @AttributeDefinition(description = "Archives yesterday's indices every day at maintenanceHour")
    boolean archive() default false;

    @AttributeDefinition(description = "Deletes an index only once a verified archive holds it")
    boolean archiveBeforeDelete() default true;

    @AttributeDefinition(description = "Snapshot repository of the archives")
    String repository() default "vigil-archive";

    @AttributeDefinition(description = "Its type when Vigil registers it: fs (location under Elasticsearch's path.repo) or s3 (location is the bucket)")
    String repositoryType() default "fs";

    @AttributeDefinition(description = "Its location: a folder for fs (relative to path.repo), a bucket for s3")
    String repositoryLocation() default "vigil-archive";
}
