package io.labcheck.lab;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;

/**
 * A lab document read with a Markdown parser (also when saved as .txt). For now it answers what the
 * scenarios take from the document itself rather than from a copy: its fenced code blocks.
 */
public final class LabDocument {

    /** A fenced block: its info string ("bash", "python", "") and its literal content. */
    public record CodeBlock(String language, String content) {}

    private final Path path;
    private final List<CodeBlock> blocks;

    private LabDocument(Path path, List<CodeBlock> blocks) {
        this.path = path;
        this.blocks = blocks;
    }

    public static LabDocument read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LabDocumentException("no lab document at " + path + ": check the path");
        } catch (MalformedInputException e) {
            throw new LabDocumentException(path + " is not UTF-8 text: save the lab document as UTF-8 Markdown");
        } catch (IOException e) {
            throw new LabDocumentException("cannot read " + path + ": " + e.getMessage());
        }
        List<CodeBlock> blocks = new ArrayList<>();
        Node document = Parser.builder().build().parse(text);
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                String info = block.getInfo() == null ? "" : block.getInfo().trim();
                blocks.add(new CodeBlock(info.isEmpty() ? "" : info.split("\\s+")[0], block.getLiteral()));
            }
        });
        return new LabDocument(path, List.copyOf(blocks));
    }

    public Path path() {
        return path;
    }

    public List<CodeBlock> codeBlocks() {
        return blocks;
    }

    /** The first fenced block in {@code language} whose content matches, if the document has one. */
    public Optional<CodeBlock> codeBlock(String language, Predicate<String> content) {
        return blocks.stream().filter(b -> b.language().equals(language) && content.test(b.content())).findFirst();
    }
}
