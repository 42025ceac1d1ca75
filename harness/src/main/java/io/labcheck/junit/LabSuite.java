package io.labcheck.junit;

import io.labcheck.cloud.Cloud;
import io.labcheck.run.RunnableLab;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The tests of a {@link RunsLab} class: the lab's steps, then its faults. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public interface LabSuite {
    @TestFactory
    default Stream<DynamicNode> lab(RunnableLab lab, Cloud cloud, LabContext context, TestReporter reporter) {
        return new LabTests(lab, cloud, context, reporter).tests();
    }
}
