package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.runtime.ComponentRuntime;
import java.util.Optional;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.util.function.SingletonSupplier;

/**
 * Makes the proxy bean of one {@link WasmComponent} interface. The runtime and the
 * {@link WasmRoutingKeyResolver} bean (if the application has one) are looked up at the first
 * call, once the context is complete, and kept: a lookup per call would cost a search of the
 * bean factory every time.
 */
public class WasmComponentFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware {

    private final Class<T> type;
    private BeanFactory beanFactory;

    public WasmComponentFactoryBean(Class<T> type) {
        this.type = type;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public T getObject() {
        return WasmComponentInvocationHandler.proxy(
                type,
                SingletonSupplier.of(() -> beanFactory.getBean(ComponentRuntime.class)),
                SingletonSupplier.of(() -> Optional.ofNullable(beanFactory
                        .getBeanProvider(WasmRoutingKeyResolver.class)
                        .getIfUnique())));
    }

    @Override
    public Class<?> getObjectType() {
        return type;
    }
}
