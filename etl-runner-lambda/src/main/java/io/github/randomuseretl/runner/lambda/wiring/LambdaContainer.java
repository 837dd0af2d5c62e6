package io.github.randomuseretl.runner.lambda.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.github.randomuseretl.core.catchup.CatchUp;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.logging.LogSetup;
import java.util.Map;
import org.crac.Core;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one Lambda container builds once and keeps: the checked settings, the injector, the pipeline
 * and its catch-up, and the CRaC hook registered for SnapStart. The first handler made in the
 * container builds it (in the init phase); a failed build is not cached, so the runtime's next init
 * tries again.
 */
public final class LambdaContainer {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaContainer.class);

    private static LambdaContainer instance;

    private final EtlPipeline pipeline;
    private final CatchUp catchUp;
    /** Held strongly: the CRaC global context keeps resources only weakly. */
    private final ConnectionCheckpoint checkpoint;

    private LambdaContainer(EtlPipeline pipeline, CatchUp catchUp, ConnectionCheckpoint checkpoint) {
        this.pipeline = pipeline;
        this.catchUp = catchUp;
        this.checkpoint = checkpoint;
    }

    /**
     * @return the container's wiring, built from {@code System.getenv()} on first use
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming a wrong setting
     */
    public static synchronized LambdaContainer instance() {
        if (instance == null) {
            instance = build(System.getenv());
        }
        return instance;
    }

    /**
     * @param environment the function's environment variables
     * @return a new container's wiring, its CRaC hook registered
     */
    public static LambdaContainer build(Map<String, String> environment) {
        long start = System.nanoTime();
        LambdaConfig config = LambdaConfig.from(environment);
        LogSetup.apply(config.lambda().logFormat(), config.lambda().logLevel(), LogSetup.Target.STDOUT);
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new LambdaModule(config));
        LambdaContainer container = new LambdaContainer(injector.getInstance(EtlPipeline.class), injector.getInstance(CatchUp.class),
                injector.getInstance(ConnectionCheckpoint.class));
        Core.getGlobalContext().register(container.checkpoint);
        LOG.info("initialised pipeline {} for PostgreSQL {} (schema {}, one connection opened on first use), schedule \"{}\" "
                        + "(must match the EventBridge rule), catch-up {}, budget {} in {} ms",
                config.pipeline().pipelineName(), config.database().hostAndDatabase(), config.database().schema(),
                config.catchUp().schedule(), config.catchUp().enabled() ? "of the last " + config.catchUp().window().toMinutes() + " min"
                        : "off", config.pipeline().sourceBudget(), (System.nanoTime() - start) / 1_000_000);
        config.budgetWarning().ifPresent(line -> LOG.warn("{}", line));
        return container;
    }

    /** @return the pipeline that runs every slot */
    public EtlPipeline pipeline() {
        return pipeline;
    }

    /** @return a tick's work: its own slot, then catch-up of the slots without a succeeded run */
    public CatchUp catchUp() {
        return catchUp;
    }

    /** @return the CRaC hook, for tests that drive a checkpoint */
    public ConnectionCheckpoint checkpoint() {
        return checkpoint;
    }
}
