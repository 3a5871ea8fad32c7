package io.airssys.wasm.engine;

import io.airssys.wasm.binary.ExternType.FunctionType;
import java.util.Objects;

/**
 * A Java function a guest can import as {@code module.name}. The type must match the
 * module's import exactly, or linking fails with a {@link WasmLinkException}.
 */
public record HostFunction(String module, String name, FunctionType type, Handler handler) {

    public HostFunction {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
    }

    /** {@code module.name}, as it appears in errors. */
    public String qualifiedName() {
        return module + "." + name;
    }

    /**
     * The implementation. It returns the results as boxed core values ({@code Integer},
     * {@code Long}, {@code Float}, {@code Double}); {@code null} or an empty array when the
     * type has none. Anything it throws stops the guest and reaches the caller of the export,
     * unchanged if it is a {@link io.airssys.wasm.WasmException}, else as a
     * {@link HostFunctionException}.
     */
    @FunctionalInterface
    public interface Handler {
        Object[] call(HostCall call) throws Exception;
    }
}
