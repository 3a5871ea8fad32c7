package io.airssys.wasm.storage;

import io.airssys.wasm.WasmException;

/** A write would take a component's storage past its quota; nothing was written. */
public final class StorageQuotaExceededException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String namespace;
    private final long quotaBytes;

    public StorageQuotaExceededException(String namespace, long wouldUse, long quotaBytes) {
        super("storage of '" + namespace + "' would grow to " + wouldUse + " bytes, above its quota of " + quotaBytes
                + " bytes; the write was refused and existing data is unchanged");
        this.namespace = namespace;
        this.quotaBytes = quotaBytes;
    }

    public String namespace() {
        return namespace;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    @Override
    public Category category() {
        return Category.CAPABILITY_DENIED;
    }
}
