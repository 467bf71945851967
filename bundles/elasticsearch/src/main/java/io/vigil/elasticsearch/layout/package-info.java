/**
 * MozDef's index layout as Vigil keeps it in Elasticsearch: the names of the daily event indices and their aliases,
 * the event and dead-letter templates, and the rolling of the aliases from day to day; the audit trail's monthly names.
 */
@Export
@Version("1.1.0")
package io.vigil.elasticsearch.layout;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
