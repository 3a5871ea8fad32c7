package io.airssys.wasm.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names the WIT function a {@link WasmComponent} method calls, when it is not the method name in kebab-case. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmFunction {

    /** The function name, or a full export name ({@code ns:pkg/iface@v#f}). */
    String value();
}
