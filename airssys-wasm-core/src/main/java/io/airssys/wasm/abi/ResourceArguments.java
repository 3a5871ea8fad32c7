package io.airssys.wasm.abi;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the component resource a call's arguments carry, so the call can go to the instance
 * that holds it: a {@link GuestResource}, or a Java interface over one, at any depth of lists,
 * maps, optionals, arrays, records and {@link WitValue}s.
 */
public final class ResourceArguments {

    private static final int MAX_DEPTH = 32;

    /** Each record class's accessors, looked up once. */
    private static final ClassValue<List<Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected List<Method> computeValue(Class<?> type) {
            List<Method> accessors = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                Method accessor = component.getAccessor();
                accessor.trySetAccessible();
                accessors.add(accessor);
            }
            return List.copyOf(accessors);
        }
    };

    private ResourceArguments() {}

    /** The first resource found, if any. */
    public static Optional<GuestResource> find(Object[] args) {
        if (args == null) {
            return Optional.empty();
        }
        for (Object arg : args) {
            GuestResource found = scan(arg, 0);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private static GuestResource scan(Object value, int depth) {
        if (value == null || depth > MAX_DEPTH || value instanceof String || value instanceof Number) {
            return null;
        }
        if (value instanceof GuestResource resource) {
            return resource;
        }
        if (value instanceof WitValue witValue) {
            return scanWit(witValue, depth);
        }
        Optional<GuestResource> proxied = ResourceProxies.resourceOf(value);
        if (proxied.isPresent()) {
            return proxied.get();
        }
        if (value instanceof Iterable<?> iterable) {
            for (Object element : iterable) {
                GuestResource found = scan(element, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return scan(map.values(), depth + 1);
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(v -> scan(v, depth + 1)).orElse(null);
        }
        if (value instanceof Object[] array) {
            return scan(java.util.Arrays.asList(array), depth + 1);
        }
        if (value instanceof Record record) {
            for (Method accessor : ACCESSORS.get(record.getClass())) {
                try {
                    GuestResource found = scan(accessor.invoke(record), depth + 1);
                    if (found != null) {
                        return found;
                    }
                } catch (ReflectiveOperationException e) {
                    return null; // JavaMapping reports an unreadable record when it converts it
                }
            }
        }
        return null;
    }

    private static GuestResource scanWit(WitValue value, int depth) {
        if (value instanceof GuestResource resource) {
            return resource;
        }
        if (value instanceof WitValue.ListValue list) {
            return scan(list.elements(), depth + 1);
        }
        if (value instanceof WitValue.TupleValue tuple) {
            return scan(tuple.elements(), depth + 1);
        }
        if (value instanceof WitValue.RecordValue record) {
            return scan(record.fields().values(), depth + 1);
        }
        if (value instanceof WitValue.VariantValue variant) {
            return scan(variant.payload(), depth + 1);
        }
        if (value instanceof WitValue.OptionValue option) {
            return scan(option.value(), depth + 1);
        }
        if (value instanceof WitValue.ResultValue result) {
            return scan(result.value(), depth + 1);
        }
        return null;
    }
}
