package io.airssys.wasm.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring bean as the application's implementation of a WIT interface its components
 * may import, e.g. {@code @WasmHostInterface("acme:shop/catalog@1.0.0")}. The WIT lives in the
 * application ({@code airssys.wasm.host-interfaces.wit-location}, by default
 * {@code src/main/resources/wit/}). Each WIT function is the bean's public method of the same
 * name in camelCase ({@code find-item} is {@code findItem}); Java and WIT types map as for
 * {@link WasmComponent}; a {@code result<T, E>} is a returned {@code T} or a thrown
 * {@code WitErrorException} carrying the {@code E}. A bean that does not fit its WIT fails
 * start-up, every mismatch listed.
 *
 * <p>A component imports the interface only if its manifest requests it
 * ({@code [permissions.host] interfaces}) and the operator grants it
 * ({@code airssys.wasm.components.<id>.grants.host-interfaces}); every call is audited and ends
 * at the component call's deadline (the bean's thread is interrupted then). Any other exception
 * the bean throws reaches the Java caller of the component with its type and message.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmHostInterface {

    /** The qualified name of the WIT interface, {@code ns:pkg/iface@version}. */
    String value();
}
