package io.airssys.wasm.engine.spi;

import io.airssys.wasm.engine.TrapKind;

/**
 * How a backend reports that guest code stopped abnormally: it trapped ({@link #kind()}), or was
 * stopped at its deadline ({@link #interrupted()}). The engine-neutral side turns it into a
 * {@link io.airssys.wasm.engine.WasmTrapException} or {@link io.airssys.wasm.engine.WasmTimeoutException}.
 */
public final class EngineTrap extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final TrapKind kind;
    private final boolean interrupted;

    private EngineTrap(TrapKind kind, boolean interrupted, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.kind = kind;
        this.interrupted = interrupted;
    }

    /** The guest trapped; {@code detail} may be null. */
    public static EngineTrap trap(TrapKind kind, String detail) {
        return new EngineTrap(kind, false, detail, null);
    }

    /** The guest trapped; {@code detail} may be null. */
    public static EngineTrap trap(TrapKind kind, String detail, Throwable cause) {
        return new EngineTrap(kind, false, detail, cause);
    }

    /** The call was stopped at its deadline. */
    public static EngineTrap interruption() {
        return new EngineTrap(TrapKind.UNKNOWN, true, null, null);
    }

    public TrapKind kind() {
        return kind;
    }

    public boolean interrupted() {
        return interrupted;
    }

    /** What the engine said, if anything. */
    public String detail() {
        return getMessage();
    }
}
