using System.Text;

namespace Maps.Core.Import;

/// <summary>
/// Deterministic ASCII slugs for ids made from names ("Abidjan, Côte d'Ivoire" → "abidjan-cote-d-ivoire").
/// Accents are folded with a fixed table (no ICU needed, so the result does not depend on the
/// machine's globalisation mode); other characters become single hyphens.
/// </summary>
public static class Slug
{
    private const string Accented = "àáâãäåāçćčèéêëēìíîïīñńòóôõöøōùúûüūýÿšžłđ";
    private const string Plain =    "aaaaaaaccceeeeeiiiiinnooooooouuuuuyyszld";

    public static string Make(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool hyphen = false;
        foreach (char c in FoldAccents(text.ToLowerInvariant()))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (hyphen && sb.Length > 0)
                    sb.Append('-');
                sb.Append(c);
                hyphen = false;
            }
            else
            {
                hyphen = true;
            }
        }
        return sb.ToString();
    }

    /// <summary>Replaces common Latin accented letters by their base letter; keeps everything else.</summary>
    public static string FoldAccents(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            char lower = char.ToLowerInvariant(c);
            int i = Accented.IndexOf(lower);
            if (i < 0)
                sb.Append(c);
            else
                sb.Append(char.IsUpper(c) ? char.ToUpperInvariant(Plain[i]) : Plain[i]);
        }
        return sb.ToString();
    }
}
