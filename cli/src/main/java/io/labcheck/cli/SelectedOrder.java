package io.labcheck.cli;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.ClassDescriptor;

/**
 * Runs the selected scenario classes in the order they were named ({@value #ORDER}: a comma-separated
 * list of class names), so a lab's steps run before the faults injected into it. JUnit's own default
 * order is deterministic but says nothing about the lab.
 */
public final class SelectedOrder implements ClassOrderer {
    static final String ORDER = "labcheck.validate.order";

    @Override
    public void orderClasses(ClassOrdererContext context) {
        List<String> order = context.getConfigurationParameter(ORDER)
                .map(s -> Arrays.asList(s.split(","))).orElse(List.of());
        context.getClassDescriptors().sort(Comparator.comparingInt((ClassDescriptor d) -> {
            int at = order.indexOf(d.getTestClass().getName());
            return at < 0 ? Integer.MAX_VALUE : at;
        }));
    }
}
