package io.vigil.shell;

import io.vigil.indices.IndexMaintenance;
import io.vigil.indices.Indices;

/** What the index commands share: the container's index maintenance, or a word on why there is none. */
final class Maintenance {

    private Maintenance() {
    }

    /** @return the maintenance, or {@code null} after saying why there is none */
    static IndexMaintenance of(Indices indices) {
        if (indices == null) {
            System.out.println("Index maintenance is not running (feature vigil-indices, etc/io.vigil.indices.cfg)");
            return null;
        }
        return indices.maintenance();
    }
}
