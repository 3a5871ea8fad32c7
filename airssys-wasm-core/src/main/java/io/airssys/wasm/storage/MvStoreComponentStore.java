package io.airssys.wasm.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The persistent default: an H2 MVStore file with one map per namespace. Every write is
 * committed before it returns, so data survives a restart of the application and, since
 * namespaces are component ids, upgrades of the component. Every operation runs on the store's
 * own thread ({@link StoreThread}), where no caller's interrupt can close the file under it.
 */
public final class MvStoreComponentStore extends AbstractComponentStore {

    private final MVStore store;
    private final StoreThread io = new StoreThread("airssys-wasm-storage");

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
    public Optional<byte[]> get(String namespace, String key) {
        return io.call(() -> super.get(namespace, key));
    }

    @Override
    public void put(String namespace, String key, byte[] value, long quotaBytes) {
        io.run(() -> super.put(namespace, key, value, quotaBytes));
    }

    @Override
    public boolean delete(String namespace, String key) {
        return io.call(() -> super.delete(namespace, key));
    }

    @Override
    public boolean exists(String namespace, String key) {
        return io.call(() -> super.exists(namespace, key));
    }

    @Override
    public List<String> keys(String namespace, String prefix) {
        return io.call(() -> super.keys(namespace, prefix));
    }

    @Override
    public void deleteNamespace(String namespace) {
        io.run(() -> super.deleteNamespace(namespace));
    }

    @Override
    public StorageUsage usage(String namespace) {
        return io.call(() -> super.usage(namespace));
    }

    @Override
    public synchronized void close() {
        if (io.isClosed()) {
            return;
        }
        try {
            io.run(() -> {
                if (!store.isClosed()) {
                    store.close();
                }
            });
        } finally {
            io.close();
        }
    }
}
