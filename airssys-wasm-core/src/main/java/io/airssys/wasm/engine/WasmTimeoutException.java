package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;
import java.time.Duration;

/** A call ran past its timeout and was interrupted; its instance has been discarded. */
public final class WasmTimeoutException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String module;
    private final String function;
    private final Duration timeout;

    public WasmTimeoutException(String module, String function, Duration timeout) {
        super("'" + module + "' did not return from '" + function + "' within its timeout of " + timeout.toMillis()
                + " ms and was interrupted");
        this.module = module;
        this.function = function;
        this.timeout = timeout;
    }

    public String module() {
        return module;
    }

    public String function() {
        return function;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public Category category() {
        return Category.TIMEOUT;
    }
}
