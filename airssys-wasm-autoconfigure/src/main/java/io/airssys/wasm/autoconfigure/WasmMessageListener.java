package io.airssys.wasm.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that receives what components send to the application, which they
 * address as {@code host} (it must be in their {@code [permissions.messaging] send-to}). The
 * method takes one parameter, the message ({@code io.airssys.wasm.messaging.Message}), its
 * payload ({@code byte[]}) or its payload as UTF-8 text ({@code String}), and returns nothing,
 * {@code byte[]} or {@code String}: for a request, what it returns is the reply. An exception
 * fails the delivery, which is retried and then dead-lettered like any other.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmMessageListener {

    /** The ids of the components it hears ({@code *} wildcards); all of them by default. */
    String value() default "*";
}
