package io.airssys.wasm.storage;

import java.util.Iterator;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A store that lives as long as the process; for tests and components whose state may be lost. */
public final class InMemoryComponentStore extends AbstractComponentStore {

    private final ConcurrentHashMap<String, NavigableMap<String, byte[]>> namespaces = new ConcurrentHashMap<>();

    @Override
    protected NavigableMap<String, byte[]> map(String namespace) {
        return namespaces.computeIfAbsent(namespace, ns -> new ConcurrentSkipListMap<>());
    }

    @Override
    protected Iterator<String> keysFrom(String namespace, String from) {
        return map(namespace).tailMap(from, true).keySet().iterator();
    }

    @Override
    protected void drop(String namespace) {
        namespaces.remove(namespace);
    }

    @Override
    public void close() {
        namespaces.clear();
    }
}
