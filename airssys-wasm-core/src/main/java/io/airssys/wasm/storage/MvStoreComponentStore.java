package io.airssys.wasm.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The persistent default: an H2 MVStore file with one map per namespace. Every write is
 * committed before it returns, so data survives a restart of the application and, since
 * namespaces are component ids, upgrades of the component.
 */
public final class MvStoreComponentStore extends AbstractComponentStore {

    private final MVStore store;

    private MvStoreComponentStore(MVStore store) {
        this.store = store;
    }

    /** Opens (creating if needed) the store file. */
    public static MvStoreComponentStore open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + file, e);
        }
        return new MvStoreComponentStore(new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .open());
    }

    @Override
    protected MVMap<String, byte[]> map(String namespace) {
        return store.openMap("component:" + namespace);
    }

    @Override
    protected Iterator<String> keysFrom(String namespace, String from) {
        return map(namespace).keyIterator(from);
    }

    @Override
    protected void drop(String namespace) {
        store.removeMap(map(namespace));
    }

    @Override
    protected void commit() {
        store.commit();
    }

    @Override
    public void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }
}
