package io.airssys.wasm.abi;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.wit.WitType;
import java.util.Optional;

/**
 * A WIT function returned the {@code err} case of its {@code result}. Mapped to Java, a
 * {@code result<T, E>} is a plain {@code T}, and an error arrives as this exception.
 */
public final class WitResultException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<WitValue> error;
    private final transient Optional<WitType> errorType;

    public WitResultException(String function, Optional<WitValue> error, Optional<WitType> errorType) {
        super(function + " returned an error" + error.map(e -> ": " + e).orElse(""));
        this.error = error;
        this.errorType = errorType;
    }

    /** The error value as WIT, empty for {@code result<T>} without an error type. */
    public Optional<WitValue> error() {
        return error;
    }

    /** The error value converted to {@code javaType}, e.g. a Java record or enum mirroring the WIT error. */
    public <T> Optional<T> error(Class<T> javaType) {
        return error.map(e -> javaType.cast(JavaMapping.fromWit(e, errorType.orElseThrow(), javaType)));
    }

    @Override
    public Category category() {
        return Category.COMPONENT_ERROR;
    }
}
