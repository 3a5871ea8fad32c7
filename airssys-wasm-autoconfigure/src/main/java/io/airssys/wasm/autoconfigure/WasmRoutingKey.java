package io.airssys.wasm.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link WasmComponent} method whose value (its {@code toString()})
 * routes the call: during a sticky canary, one key always reaches one version. The parameter is
 * passed to the function as usual. It takes precedence over {@link WasmRoutingContext} and a
 * {@link WasmRoutingKeyResolver} bean.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmRoutingKey {}
