package io.labcheck.scenarios.labs;

import io.labcheck.junit.LabSource;
import io.labcheck.lab.LabDocumentException;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.SeedLabs;
import io.labcheck.lab.Sidecar;
import io.labcheck.run.RunnableLab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The labs the project runs from their documents: its own (written here, shipped under {@code labs/}), then
 * the seed labs when they are found beside the repository ({@code ../shared/seeds} or {@code LABCHECK_SEEDS}).
 * A seed is listed only once the document-driven run can take it.
 */
public final class Labs implements LabSource {
    /** One lab of the project: its id, its document (a resource of this module), its title. */
    private record Own(String id, String resource, String title) {}

    private record Seed(String id, String file, String title) {}

    private static final List<Own> OWN = List.of(
            new Own("fastapi-nohup", "labs/fastapi-nohup.md", "FastAPI on EC2, kept running with nohup"),
            new Own("fastapi-systemd", "labs/fastapi-systemd.md", "FastAPI in a venv on EC2, as a systemd service"));

    private static final List<Seed> SEEDS = List.of(
            new Seed("gabia-shop-api", "000_e487fc6f44fbae74.txt", "The shop API on a Gabia Cloud Gen2 server (seed 000)"),
            new Seed("ec2-fastapi", "001_3c50021fb78c7afb.txt", "FastAPI on an EC2 Ubuntu server (seed 001)"),
            new Seed("ec2-docker-tls", "002_4ea6e1dbebd9b71b.txt",
                    "FastAPI in Docker on EC2 behind nginx, with a domain and HTTPS (seed 002)"),
            new Seed("ec2-eip", "003_02c4d34678e4b58f.txt", "An EC2 server with an Elastic IP, no app (seed 003)"));

    @Override
    public List<RunnableLab> labs() {
        List<RunnableLab> labs = new ArrayList<>();
        for (Own o : OWN) {
            if (Labs.class.getClassLoader().getResource(o.resource()) != null) {
                labs.add(new RunnableLab(o.id(), o.title(), "project lab " + o.resource(), () -> read(o.resource())));
            }
        }
        Optional<Path> seeds = SeedLabs.find();
        seeds.ifPresent(dir -> SEEDS.forEach(s -> labs.add(new RunnableLab(s.id(), s.title(), dir.resolve(s.file()).toString(),
                () -> LabPlan.read(dir.resolve(s.file())), () -> Sidecar.of(dir.resolve(s.file()))))));
        return labs;
    }

    /** Why the seed labs are not in {@link #labs()}, or empty when they are. */
    public static Optional<String> seedsMissing() {
        return SeedLabs.find().isPresent() ? Optional.empty() : Optional.of("the seed labs are not here (no"
                + " ../shared/seeds beside the repository, no LABCHECK_SEEDS): their labs ("
                + String.join(", ", SEEDS.stream().map(Seed::id).toList()) + ") are left out");
    }

    private static LabPlan read(String resource) {
        try (InputStream in = Labs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LabDocumentException("the project lab " + resource + " is not in the build: rebuild labcheck");
            }
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            return LabPlan.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LabDocumentException("cannot read the project lab " + resource + ": " + e.getMessage());
        }
    }
}
