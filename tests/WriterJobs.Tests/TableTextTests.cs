using WriterJobs.Output;

namespace WriterJobs.Tests;

/// <summary>The last column of the default tables, broken between words at the width the console leaves it.</summary>
public sealed class TableTextTests
{
    private const string Error = "The model returned an empty answer after three attempts.";

    [Fact]
    public void Text_is_broken_between_words_at_the_width_left_after_the_columns_before()
    {
        var wrapped = TableText.Wrap(Error, 80, 66)!;

        Assert.Equal("The model\nreturned an\nempty answer\nafter three\nattempts.", wrapped);
        Assert.All(wrapped.Split('\n'), line => Assert.InRange(line.Length, 1, 14));
    }

    [Fact]
    public void Text_that_fits_and_text_without_a_console_stay_as_they_are()
    {
        Assert.Equal(Error, TableText.Wrap(Error, 120, 60));
        Assert.Equal(Error, TableText.Wrap(Error, 0, 66));
        Assert.Equal(Error, TableText.Wrap(Error, 70, 66));
        Assert.Null(TableText.Wrap(null, 80, 66));
    }

    [Fact]
    public void A_word_wider_than_the_column_is_broken_after_a_hyphen_or_slash_and_lines_already_there_are_kept()
    {
        var wrapped = TableText.Wrap("Job 0b8e6a1c-6f4a-4f3e-9d2b-7c1a5e9f3d20 failed\nsee https://example.com/ab", 80, 66);

        Assert.Equal("Job\n0b8e6a1c-6f4a-\n4f3e-9d2b-\n7c1a5e9f3d20\nfailed\nsee\nhttps://\nexample.com/ab", wrapped);
    }

    [Fact]
    public void A_word_without_a_hyphen_is_cut_at_the_width()
    {
        Assert.Equal("abcdefghijklmn\nopqrstuvwxyz", TableText.Wrap("abcdefghijklmnopqrstuvwxyz", 80, 66));
    }
}
