package io.labcheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a cloud: starts it before the first test, injects {@code Cloud},
 * {@code Ec2Client}, {@code EmbeddedCloud} and {@code ApiChaos} parameters, and removes everything
 * it started when the class (or, with {@link CloudScope#SUITE}, the whole run) ends, failures included.
 *
 * <pre>
 * {@literal @}LabCloud
 * class MyLabTest {
 *     {@literal @}Test void keyPair(Ec2Client ec2) { ec2.createKeyPair(r -> r.keyName("my_app")); }
 * }
 * </pre>
 *
 * A provider that cannot run here (LocalStack without its image, AWS without opt-in) skips the class
 * with the reason; it never passes silently.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LabCloudExtension.class)
public @interface LabCloud {

    /**
     * "embedded", "localstack" or "aws". Empty: the {@code labcheck.cloud} system property or the
     * {@code LABCHECK_CLOUD} environment variable, else "embedded".
     */
    String provider() default "";

    /** The region the SDK client signs for. */
    String region() default "ap-northeast-2";

    /** How long the embedded cloud's instance transitions take. */
    Timings timings() default Timings.INSTANT;

    /** One cloud per test class, or one shared by every class with the same settings. */
    CloudScope scope() default CloudScope.CLASS;

    /** The embedded endpoint's port on 127.0.0.1; 0 takes any free port. */
    int port() default 0;

    /** What backs the embedded cloud's instances: nothing, or a container each (needs Docker and the host image). */
    io.labcheck.cloud.HostKind hosts() default io.labcheck.cloud.HostKind.NONE;
}
