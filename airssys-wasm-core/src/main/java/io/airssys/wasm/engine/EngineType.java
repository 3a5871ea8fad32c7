package io.airssys.wasm.engine;

import java.util.Locale;

/**
 * Which engine runs guest code; both give the same guarantees (limits, deadlines, traps, WASI,
 * fuel). Chicory is the default: on the project's benchmarks it calls, instantiates and calls
 * back into the host one to three orders of magnitude faster, and computes as fast or faster
 * (see {@code benchmarks/README.md}).
 */
public enum EngineType {

    /** wasmtime through wasmtime-java: native code, a native library per platform. */
    WASMTIME,

    /** Chicory: wasm compiled to JVM bytecode (or interpreted), nothing native; the default. */
    CHICORY;

    /** System property naming the engine {@link EngineSettings#defaults()} uses, e.g. {@code chicory}. */
    public static final String DEFAULT_PROPERTY = "airssys.wasm.engine.type";

    /**
     * The engine used unless settings say otherwise: the system property {@value #DEFAULT_PROPERTY}
     * if set, else {@link #CHICORY}.
     *
     * @throws IllegalArgumentException if the property names no engine
     */
    public static EngineType defaultType() {
        String configured = System.getProperty(DEFAULT_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return CHICORY;
        }
        try {
            return valueOf(configured.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    DEFAULT_PROPERTY + "='" + configured + "' names no engine; use wasmtime or chicory", e);
        }
    }
}
