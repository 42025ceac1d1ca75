package io.labcheck.junit;

import io.labcheck.run.RunnableLab;

import java.util.List;
import java.util.Optional;

/** Where a {@link RunsLab} suite finds its labs when they are named by id rather than by document. */
public interface LabSource {
    /** Every lab it has, in the order a run takes them. */
    List<RunnableLab> labs();

    default Optional<RunnableLab> find(String id) {
        return labs().stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** No catalogue: only documents named by path. */
    final class None implements LabSource {
        @Override
        public List<RunnableLab> labs() {
            return List.of();
        }
    }
}
