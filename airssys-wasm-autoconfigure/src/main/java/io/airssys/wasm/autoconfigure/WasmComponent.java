package io.airssys.wasm.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java interface as the typed face of a deployed WebAssembly component. Interfaces in
 * the application's packages become beans; each call goes to the version of the component
 * that routing picks at that moment, so new deployments are invisible to callers. Method names
 * map to WIT functions in kebab-case ({@code totalPrice} calls {@code total-price});
 * {@link WasmFunction} overrides one. Java and WIT types map as {@code JavaMapping} describes; a
 * method whose types do not fit the component's WIT fails start-up.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmComponent {

    /** The component id, as in its Component.toml. */
    String value();

    /**
     * The WIT interface the methods call, e.g. {@code acme:shop/pricing@1.0.0}; empty to call
     * functions the component's world exports directly.
     */
    String witInterface() default "";
}
