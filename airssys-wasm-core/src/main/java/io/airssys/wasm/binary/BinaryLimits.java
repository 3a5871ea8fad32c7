package io.airssys.wasm.binary;

/**
 * How large a binary the reader accepts, so a hostile artifact cannot make the host spend
 * unbounded memory or compile time before it is refused. Compile time grows with the number
 * of functions and the size of the code, so both are bounded.
 *
 * @param maxModuleBytes       largest binary, custom sections included
 * @param maxFunctions         most functions a module may define or import
 * @param maxMetadataBytes     largest {@code airssys:*} custom section (manifest, WIT, signature),
 *                             which the host parses
 */
public record BinaryLimits(int maxModuleBytes, int maxFunctions, int maxMetadataBytes) {

    /** 64 MiB, 50,000 functions, 1 MiB of metadata per section. */
    public static final BinaryLimits DEFAULT = new BinaryLimits(64 << 20, 50_000, 1 << 20);

    /** Prefix of the custom sections whose content the host reads. */
    public static final String METADATA_PREFIX = "airssys:";

    public BinaryLimits {
        if (maxModuleBytes < 8) {
            throw new IllegalArgumentException("maxModuleBytes must be at least 8, was " + maxModuleBytes);
        }
        if (maxFunctions < 1) {
            throw new IllegalArgumentException("maxFunctions must be at least 1, was " + maxFunctions);
        }
        if (maxMetadataBytes < 1) {
            throw new IllegalArgumentException("maxMetadataBytes must be at least 1, was " + maxMetadataBytes);
        }
    }

    public BinaryLimits withMaxModuleBytes(int value) {
        return new BinaryLimits(value, maxFunctions, maxMetadataBytes);
    }

    public BinaryLimits withMaxFunctions(int value) {
        return new BinaryLimits(maxModuleBytes, value, maxMetadataBytes);
    }

    public BinaryLimits withMaxMetadataBytes(int value) {
        return new BinaryLimits(maxModuleBytes, maxFunctions, value);
    }
}
