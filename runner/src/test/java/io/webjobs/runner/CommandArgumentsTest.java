package io.webjobs.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandArgumentsTest {

    @Test
    void shouldSplitOnWhitespace() {
        assertThat(CommandArguments.split("  a b\tc  ")).containsExactly("a", "b", "c");
    }

    @Test
    void shouldGiveNoArgumentsForNullOrBlank() {
        assertThat(CommandArguments.split(null)).isEmpty();
        assertThat(CommandArguments.split("   ")).isEmpty();
    }

    @Test
    void shouldKeepQuotedSpacesTogether() {
        assertThat(CommandArguments.split("--name 'hello world' \"two  words\" x"))
                .containsExactly("--name", "hello world", "two  words", "x");
    }

    @Test
    void shouldJoinAdjacentQuotedParts() {
        assertThat(CommandArguments.split("a'b c'\"d\"")).containsExactly("ab cd");
    }

    @Test
    void shouldKeepEmptyQuotedArguments() {
        assertThat(CommandArguments.split("'' \"\" x")).containsExactly("", "", "x");
    }

    @Test
    void shouldHonourEscapes() {
        assertThat(CommandArguments.split("a\\ b \"say \\\"hi\\\"\" 'no\\escape'"))
                .containsExactly("a b", "say \"hi\"", "no\\escape");
    }

    @Test
    void shouldNotExpandShellSyntax() {
        assertThat(CommandArguments.split("$HOME; rm -rf *")).containsExactly("$HOME;", "rm", "-rf", "*");
    }

    @Test
    void shouldCloseAnUnclosedQuoteAtTheEnd() {
        assertThat(CommandArguments.split("a 'b c")).containsExactly("a", "b c");
    }
}
