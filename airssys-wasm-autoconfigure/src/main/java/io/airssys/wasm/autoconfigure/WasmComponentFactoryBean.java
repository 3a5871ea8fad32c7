package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.runtime.ComponentRuntime;
import java.util.Optional;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;

/**
 * Makes the proxy bean of one {@link WasmComponent} interface; the runtime is looked up at first
 * call, the {@link WasmRoutingKeyResolver} bean (if the application has one) at each call.
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
                () -> beanFactory.getBean(ComponentRuntime.class),
                () -> Optional.ofNullable(beanFactory
                        .getBeanProvider(WasmRoutingKeyResolver.class)
                        .getIfUnique()));
    }

    @Override
    public Class<?> getObjectType() {
        return type;
    }
}
