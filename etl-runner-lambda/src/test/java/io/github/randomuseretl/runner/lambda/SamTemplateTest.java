package io.github.randomuseretl.runner.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.runner.lambda.wiring.LambdaConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The SAM template deploys this module's jar the way its code expects to be called. */
class SamTemplateTest {

    private static final JsonNode TEMPLATE = YAMLMapper.builder().build().readTree(Path.of("template.yaml").toFile());
    private static final JsonNode FUNCTION = TEMPLATE.at("/Resources/EtlFunction");
    private static final JsonNode PROPS = FUNCTION.at("/Properties");

    @Test
    void isASamTemplateWithOneJavaFunction() {
        assertEquals("AWS::Serverless-2016-10-31", TEMPLATE.get("Transform").asString());
        assertEquals("AWS::Serverless::Function", FUNCTION.get("Type").asString());
        String runtime = TEMPLATE.at("/Parameters/JavaRuntime/Default").asString();
        assertTrue(List.of("java17", "java21").contains(runtime), runtime);
        assertEquals(60, PROPS.get("Timeout").asInt());
    }

    @Test
    void pointsAtTheShadedJarAndAHandlerTheRuntimeCanInstantiate() throws NoSuchMethodException {
        assertEquals("target/randomuser-etl-lambda.jar", PROPS.get("CodeUri").asString());
        assertEquals(LambdaHandler.class.getName() + "::handleRequest", PROPS.get("Handler").asString());
        assertTrue(RequestStreamHandler.class.isAssignableFrom(LambdaHandler.class));
        assertTrue(Modifier.isPublic(LambdaHandler.class.getConstructor().getModifiers()));
    }

    @Test
    void switchesSnapStartOnForPublishedVersionsBehindAnAlias() {
        assertEquals("PublishedVersions", PROPS.at("/SnapStart/ApplyOn").asString());
        assertTrue(PROPS.hasNonNull("AutoPublishAlias"));
    }

    @Test
    void schedulesEveryMinuteWithAnInputTheHandlerReadsAsTheScheduledMinute() throws IOException {
        JsonNode schedule = PROPS.at("/Events/EveryMinute");
        assertEquals("ScheduleV2", schedule.get("Type").asString());
        assertEquals("rate(1 minute)", schedule.at("/Properties/ScheduleExpression").asString());

        // What Scheduler sends for a tick: the input template with its placeholders filled in.
        String input = schedule.at("/Properties/Input").asString()
                .replace("<aws.scheduler.scheduled-time>", "2026-03-14T09:27:00Z")
                .replace("<aws.scheduler.execution-id>", "0b6a2c1e-6d7f-4e45-9d1c-5ad0a3f1e2b4");
        ScheduledTick tick = new TickEventParser(JsonMapper.builder().build())
                .parse(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));

        assertEquals(ScheduledTick.Origin.EVENTBRIDGE_SCHEDULER, tick.origin());
        assertEquals(Slot.parse("2026-03-14T09:27Z"), tick.slot());
        assertEquals("0b6a2c1e-6d7f-4e45-9d1c-5ad0a3f1e2b4", tick.id());
    }

    @Test
    void sendsFailedInvocationsAndUndeliverableTicksToAQueue() {
        assertEquals("SQS", PROPS.at("/EventInvokeConfig/DestinationConfig/OnFailure/Type").asString());
        assertEquals("FailedTicksQueue", PROPS.at("/EventInvokeConfig/DestinationConfig/OnFailure/Destination").asString()
                .replace(".Arn", ""));
        assertTrue(PROPS.at("/EventInvokeConfig/MaximumRetryAttempts").asInt() > 0, "Lambda must retry a failed run");
        assertEquals("AWS::SQS::Queue", TEMPLATE.at("/Resources/FailedTicksQueue/Type").asString());
        assertTrue(PROPS.at("/Events/EveryMinute/Properties/DeadLetterConfig").isObject());
    }

    @Test
    void setsOnlyEnvironmentVariablesTheFunctionReadsAndTheOnesItRequires() {
        Map<String, String> env = new HashMap<>();
        PROPS.at("/Environment/Variables").propertyNames().forEach(name -> env.put(name, ""));
        env.put("ETL_DB_URL", "jdbc:postgresql://db.example:5432/randomuser");
        env.put("ETL_DB_USER", "etl");
        env.put("ETL_DB_PASSWORD", "from-secrets-manager");

        Set<String> read = LambdaConfig.from(env).settings().known();

        Set<String> unread = new TreeSet<>(env.keySet());
        unread.removeAll(read);
        unread.remove("JAVA_TOOL_OPTIONS"); // the JVM's, not the function's
        assertTrue(unread.isEmpty(), "set but never read: " + unread);
    }

    @Test
    void theJvmSizesItsHeapFromTheFunctionsMemoryAndCompilesWithC1Only() {
        String options = PROPS.at("/Environment/Variables/JAVA_TOOL_OPTIONS").asString();
        assertTrue(options.contains("-XX:MaxRAMPercentage="), options);
        assertTrue(options.contains("-XX:TieredStopAtLevel=1"), options);
        assertTrue(!options.contains("-Xmx"), "a fixed heap would not follow MemorySize: " + options);
    }

    @Test
    void theScheduleCatchUpPlansFromIsTheOneTheEventBridgeRuleTicksOn() {
        String rate = PROPS.at("/Events/EveryMinute/Properties/ScheduleExpression").asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("rate\\((\\d+) minutes?\\)").matcher(rate);
        assertTrue(m.matches(), rate);
        assertEquals(io.github.randomuseretl.core.schedule.Schedule.parse("every " + m.group(1) + "m"),
                io.github.randomuseretl.core.schedule.Schedule.parse(PROPS.at("/Environment/Variables/ETL_SCHEDULE").asString()),
                "ETL_SCHEDULE must match the EventBridge rule");
    }

    @Test
    void takesThePasswordFromSecretsManagerNotFromAPlainParameter() {
        String password = PROPS.at("/Environment/Variables/ETL_DB_PASSWORD").asString();
        assertTrue(password.startsWith("{{resolve:secretsmanager:"), password);
    }
}
