/** Vigil's block lists: addresses and domain names blocked until a time, and the lists firewalls poll. */
@Export
@Version("1.0.0")
package io.vigil.blocklist;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
