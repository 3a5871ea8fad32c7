package io.airssys.wasm.host.wasi;

import io.airssys.wasm.engine.InstanceLocal;
import java.util.HashMap;
import java.util.Map;

/** One instance's WASI descriptors; standard streams are 0-2, preopens follow from 3. */
final class WasiState implements InstanceLocal {

    /** Most descriptors one instance may hold open. */
    static final int MAX_DESCRIPTORS = 256;

    private final Map<Integer, Descriptor> descriptors = new HashMap<>();
    private final GuestOutput stdout;
    private final GuestOutput stderr;

    WasiState(WasiConfig config, Map<Integer, Descriptor> preopens) {
        this.stdout = new GuestOutput("stdout", config.stdout(), config.outputPerCall(), config.outputPerInstance());
        this.stderr = new GuestOutput("stderr", config.stderr(), config.outputPerCall(), config.outputPerInstance());
        descriptors.put(0, new Descriptor.Stdin());
        descriptors.put(1, new Descriptor.Output(stdout));
        descriptors.put(2, new Descriptor.Output(stderr));
        descriptors.putAll(preopens);
    }

    Descriptor get(int fd) throws WasiException {
        Descriptor descriptor = descriptors.get(fd);
        if (descriptor == null) {
            throw new WasiException(Errno.BADF);
        }
        return descriptor;
    }

    <T extends Descriptor> T get(int fd, Class<T> kind, int errnoIfOther) throws WasiException {
        Descriptor descriptor = get(fd);
        if (!kind.isInstance(descriptor)) {
            throw new WasiException(errnoIfOther);
        }
        return kind.cast(descriptor);
    }

    int add(Descriptor descriptor) throws WasiException {
        if (descriptors.size() >= MAX_DESCRIPTORS) {
            if (descriptor instanceof Descriptor.File file) {
                file.close();
            }
            throw new WasiException(Errno.MFILE);
        }
        int fd = 3;
        while (descriptors.containsKey(fd)) {
            fd++;
        }
        descriptors.put(fd, descriptor);
        return fd;
    }

    void close(int fd) throws WasiException {
        Descriptor descriptor = get(fd);
        descriptors.remove(fd);
        if (descriptor instanceof Descriptor.File file) {
            file.close();
        }
    }

    void renumber(int from, int to) throws WasiException {
        Descriptor moving = get(from);
        get(to);
        close(to);
        descriptors.remove(from);
        descriptors.put(to, moving);
    }

    @Override
    public void afterCall() {
        stdout.endCall();
        stderr.endCall();
    }

    @Override
    public void close() {
        afterCall();
        for (Descriptor descriptor : descriptors.values()) {
            if (descriptor instanceof Descriptor.File file) {
                file.close();
            }
        }
        descriptors.clear();
    }
}
