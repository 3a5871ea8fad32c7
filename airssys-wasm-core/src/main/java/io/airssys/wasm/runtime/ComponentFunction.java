package io.airssys.wasm.runtime;

import java.lang.reflect.Type;

/**
 * One exported function of a component with its result type checked, from
 * {@link ComponentHandle#function(String, Class)}. Each call is routed to the version serving at
 * that moment. Immutable and thread-safe; look it up once and keep it.
 *
 * @param <R> the Java type of the result
 */
public final class ComponentFunction<R> {

    private final ComponentHandle component;
    private final String exportName;
    private final Type resultType;

    ComponentFunction(ComponentHandle component, String exportName, Type resultType) {
        this.component = component;
        this.exportName = exportName;
        this.resultType = resultType;
    }

    /** The canonical name of the export called, e.g. {@code example:calc/math@1.0.0#add}. */
    public String exportName() {
        return exportName;
    }

    /**
     * Calls the function with arguments converted to its WIT parameter types.
     *
     * @return the result, converted to {@code R}; null for a function returning nothing
     * @throws IllegalArgumentException if an argument does not fit its parameter
     * @throws io.airssys.wasm.WasmException if the call fails; its {@code category()} says how
     */
    public R call(Object... args) {
        return component.call(exportName, resultType, args);
    }

    @Override
    public String toString() {
        return "ComponentFunction[" + component.id() + " " + exportName + "]";
    }
}
