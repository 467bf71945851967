/**
 * Helpers the standard plugins share, for plugin authors too: MozDef's plugins test fields with
 * {@code 'x' in message['details']} and compare strings; these do the same on Jackson trees without
 * exceptions for absent or differently typed fields.
 */
@Export
@Version("1.0.0")
package io.vigil.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
