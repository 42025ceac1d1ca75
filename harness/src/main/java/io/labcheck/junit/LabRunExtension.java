package io.labcheck.junit;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.Sidecar;
import io.labcheck.run.RunnableLab;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Behind {@link RunsLab}: one invocation of the class per lab (its display name the lab's id and title), the
 * lab and a {@link LabContext} as parameters, and each dynamic test's context kept at hand while it runs so a
 * step's evidence is published on the step itself.
 */
final class LabRunExtension implements ClassTemplateInvocationContextProvider, InvocationInterceptor {
    static final String LABS = "labcheck.labs";
    private static final ThreadLocal<ExtensionContext> CURRENT = new ThreadLocal<>();

    static Optional<ExtensionContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RunsLab.class).isPresent();
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        RunsLab annotation = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RunsLab.class).orElseThrow();
        LabSource source = source(annotation);
        List<String> named = context.getConfigurationParameter(LABS).map(v -> Arrays.stream(v.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
        List<RunnableLab> labs = new ArrayList<>();
        if (!named.isEmpty()) {
            named.forEach(n -> labs.add(resolve(n, source)));
        } else if (annotation.value().length > 0) {
            Arrays.stream(annotation.value()).forEach(n -> labs.add(resolve(n, source)));
        } else {
            labs.addAll(source.labs());
        }
        if (labs.isEmpty()) {
            throw new ExtensionConfigurationException("@RunsLab on " + context.getRequiredTestClass().getSimpleName()
                    + " names no lab: give document paths (@RunsLab(\"lab.md\")), a source, or -D" + LABS + "=");
        }
        return labs.stream().map(LabInvocation::new);
    }

    /** A lab id of the source, else the path of a lab document. */
    static RunnableLab resolve(String name, LabSource source) {
        Optional<RunnableLab> known = source.find(name);
        if (known.isPresent()) {
            return known.get();
        }
        Path path = Path.of(name);
        if (!Files.isRegularFile(path)) {
            throw new ExtensionConfigurationException("'" + name + "' is neither a lab of " + source.getClass().getSimpleName()
                    + " nor a lab document (no file " + path.toAbsolutePath() + "): name a lab id or an existing .md/.txt file");
        }
        return document(path);
    }

    /** A lab from any document: its id is the file name without its extension. */
    static RunnableLab document(Path path) {
        String file = path.getFileName().toString();
        String id = file.replaceFirst("\\.(md|txt|markdown)$", "");
        return new RunnableLab(id, file, path.toString(), () -> LabPlan.read(path), () -> Sidecar.of(path));
    }

    private static LabSource source(RunsLab annotation) {
        try {
            return annotation.source().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ExtensionConfigurationException("@RunsLab(source = " + annotation.source().getSimpleName()
                    + ") needs a public no-argument constructor", e);
        }
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
                                     ExtensionContext extensionContext) throws Throwable {
        CURRENT.set(extensionContext);
        try {
            invocation.proceed();
        } finally {
            CURRENT.remove();
        }
    }

    private record LabInvocation(RunnableLab lab) implements ClassTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return lab.id() + ": " + lab.title();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new ParameterResolver() {
                @Override
                public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
                    Class<?> type = p.getParameter().getType();
                    return type == RunnableLab.class || type == LabContext.class;
                }

                @Override
                public Object resolveParameter(ParameterContext p, ExtensionContext c) {
                    return p.getParameter().getType() == RunnableLab.class ? lab : new LabContext(c);
                }
            });
        }
    }

}
