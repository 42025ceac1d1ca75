package io.labcheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes a class the suite of lab documents: for each document, one test per step (executed where the student
 * would run it), then each catalogue fault that applies to what the steps deployed: injected, diagnosed blind,
 * reverted. Put it beside {@link LabCloud}, on a class that implements {@link LabSuite}:
 *
 * <pre>
 * &#64;LabCloud(hosts = HostKind.CONTAINER)
 * &#64;RunsLab("labs/fastapi-nohup.md")
 * class FastApiNohupLab implements LabSuite {}
 * </pre>
 *
 * <p>Configuration parameters (or {@code -D} system properties): {@code labcheck.labs} names other labs (ids of
 * the {@link #source()}, or document paths, comma-separated); {@code labcheck.faults} is {@code all} (default),
 * {@code none} or fault ids; {@code labcheck.rules.disabled} turns diagnosis rules off (the mutation check).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ClassTemplate
@ExtendWith(LabRunExtension.class)
public @interface RunsLab {
    /** The lab documents, as paths relative to the working directory. */
    String[] value() default {};

    /** Where labs named by id come from, and which run when neither {@link #value()} nor labcheck.labs names any. */
    Class<? extends LabSource> source() default LabSource.None.class;
}
