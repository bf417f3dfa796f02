package org.mailplex.james;

import org.mailplex.state.FileMailPlexStateStore;
import org.mailplex.state.MailPlexStateStore;
import org.mailplex.state.PlexStateKeeper;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * The MailPlex Guice extension module. List it in {@code extensions.properties}:
 *
 * <pre>{@code
 * guice.extension.module=org.mailplex.james.MailPlexModule
 * }</pre>
 *
 * James builds one child injector from extension modules and creates mailets, matchers and
 * webadmin routes from it, so they all share these singletons.
 */
public class MailPlexModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(OperatorMailboxes.class).in(Scopes.SINGLETON);
        bind(MailPlexService.class).in(Scopes.SINGLETON);
        bind(FileMailPlexStateStore.class).in(Scopes.SINGLETON);
        bind(MailPlexStateStore.class).to(FileMailPlexStateStore.class);
        bind(PlexStateKeeper.class).in(Scopes.SINGLETON);
    }
}
