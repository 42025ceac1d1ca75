package io.labcheck.scenarios.ec2fastapi;

import java.util.ArrayList;
import java.util.List;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * A lab document's headings in order, each with the fenced blocks under it: enough for the chaos
 * suite to read the troubleshooting section's claims from the document itself. (The lab-documents
 * issue's plan model supersedes this once it lands.)
 */
final class DocumentSections {
    record Section(int level, String title, List<String> blocks) {}

    private final List<Section> sections;

    private DocumentSections(List<Section> sections) {
        this.sections = sections;
    }

    static DocumentSections read(java.nio.file.Path path) throws java.io.IOException {
        Node root = Parser.builder().build().parse(java.nio.file.Files.readString(path));
        List<Section> out = new ArrayList<>();
        root.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                StringBuilder title = new StringBuilder();
                heading.accept(new AbstractVisitor() {
                    @Override
                    public void visit(Text text) {
                        title.append(text.getLiteral());
                    }
                });
                out.add(new Section(heading.getLevel(), title.toString().strip(), new ArrayList<>()));
            }

            @Override
            public void visit(FencedCodeBlock block) {
                if (!out.isEmpty()) {
                    out.get(out.size() - 1).blocks().add(block.getLiteral());
                }
            }
        });
        return new DocumentSections(out);
    }

    /** The headings of {@code level} under the first heading of {@code parentLevel} whose title contains {@code word}. */
    List<Section> childrenOf(int parentLevel, String word, int level) {
        List<Section> children = new ArrayList<>();
        boolean inside = false;
        for (Section s : sections) {
            if (s.level() <= parentLevel) {
                inside = s.level() == parentLevel && s.title().contains(word);
                continue;
            }
            if (inside && s.level() == level) {
                children.add(s);
            }
        }
        return children;
    }

    List<Section> atLevel(int level) {
        return sections.stream().filter(s -> s.level() == level).toList();
    }
}
