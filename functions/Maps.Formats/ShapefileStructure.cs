using System.Buffers.Binary;
using Maps.Core.Import;

namespace Maps.Formats;

/// <summary>
/// Checks the framing of a <c>.shp</c> and <c>.dbf</c> before the Shapefile library reads them: every length the
/// files declare (the .shp's file length and record lengths, each record's part and point counts, the .dbf's
/// header, record size and count) must fit the bytes there are. The library trusts those lengths: a file cut
/// short makes it loop at the end of the stream, and a corrupt count makes it allocate what the count says.
/// </summary>
internal static class ShapefileStructure
{
    private const int ShpHeaderBytes = 100;

    public static void Check(string shpPath, string dbfPath, string name)
    {
        CheckShp(File.ReadAllBytes(shpPath), name);
        CheckDbf(dbfPath, name);
    }

    /// <summary>The .shp is read whole here (it is already on disk and bounded by the upload size), once.</summary>
    private static void CheckShp(ReadOnlySpan<byte> shp, string name)
    {
        if (shp.Length < ShpHeaderBytes || BinaryPrimitives.ReadInt32BigEndian(shp) != 9994)
            throw Corrupt(name, "the .shp is not a Shapefile (no 100-byte header with file code 9994)");
        long declared = 2L * BinaryPrimitives.ReadInt32BigEndian(shp[24..]);
        if (declared != shp.Length)
            throw Corrupt(name, $"the .shp header says {declared} bytes but the file has {shp.Length} (is it truncated?)");
        int offset = ShpHeaderBytes, record = 0;
        while (offset < shp.Length)
        {
            record++;
            if (shp.Length - offset < 8)
                throw Corrupt(name, $"the .shp ends inside the header of record {record}");
            long content = 2L * BinaryPrimitives.ReadInt32BigEndian(shp[(offset + 4)..]);
            if (content < 4 || content > shp.Length - offset - 8)
                throw Corrupt(name, $"record {record} of the .shp says it has {content} bytes, which the file does not hold");
            CheckShape(shp.Slice(offset + 8, (int)content), record, name);
            offset += 8 + (int)content;
        }
    }

    /// <summary>The part and point counts of one shape must fit its content.</summary>
    private static void CheckShape(ReadOnlySpan<byte> content, int record, string name)
    {
        int type = BinaryPrimitives.ReadInt32LittleEndian(content);
        long needed = type switch
        {
            0 => 4,
            1 or 11 or 21 => 20,
            3 or 5 or 13 or 15 or 23 or 25 or 31 => Parts(content, 44),
            8 or 18 or 28 => Points(content, 40),
            _ => -1,
        };
        if (needed < 0)
            throw Corrupt(name, $"record {record} of the .shp has an unknown shape type {type}");
        if (needed > content.Length)
            throw Corrupt(name, $"record {record} of the .shp declares more parts or points than it holds");
        if (type is 3 or 5 or 13 or 15 or 23 or 25 or 31 && !PartsInOrder(content))
            throw Corrupt(name, $"record {record} of the .shp has part offsets out of order or past its points");
    }

    /// <summary>Part offsets start at 0, never decrease and stay within the points (the library loops on others).</summary>
    private static bool PartsInOrder(ReadOnlySpan<byte> content)
    {
        int parts = BinaryPrimitives.ReadInt32LittleEndian(content[36..]);
        int points = BinaryPrimitives.ReadInt32LittleEndian(content[40..]);
        int previous = 0;
        for (int i = 0; i < parts; i++)
        {
            int start = BinaryPrimitives.ReadInt32LittleEndian(content[(44 + 4 * i)..]);
            if ((i == 0 && start != 0) || start < previous || start > points)
                return false;
            previous = start;
        }
        return true;
    }

    /// <summary>Bytes a multi-part shape needs: header, part offsets, XY points (Z and M ranges are optional extras).</summary>
    private static long Parts(ReadOnlySpan<byte> content, int header)
    {
        if (content.Length < header)
            return long.MaxValue;
        long parts = BinaryPrimitives.ReadInt32LittleEndian(content[36..]);
        long points = BinaryPrimitives.ReadInt32LittleEndian(content[40..]);
        return parts < 0 || points < 0 ? long.MaxValue : header + 4 * parts + 16 * points;
    }

    private static long Points(ReadOnlySpan<byte> content, int header)
    {
        if (content.Length < header)
            return long.MaxValue;
        long points = BinaryPrimitives.ReadInt32LittleEndian(content[36..]);
        return points < 0 ? long.MaxValue : header + 16 * points;
    }

    private static void CheckDbf(string dbfPath, string name)
    {
        long size = new FileInfo(dbfPath).Length;
        Span<byte> header = stackalloc byte[32];
        using (var stream = File.OpenRead(dbfPath))
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
                throw Corrupt(name, "the .dbf is shorter than its 32-byte header");
        long records = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        int recordLength = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        if (headerLength < 33 || recordLength < 1 || headerLength > size)
            throw Corrupt(name, "the .dbf header is not one (its header or record length is impossible)");
        if (headerLength + records * recordLength > size)
            throw Corrupt(name, $"the .dbf says it has {records} records of {recordLength} bytes, which the file does not hold (is it truncated?)");
    }

    private static ImportFileException Corrupt(string name, string what) => new(name, $"the Shapefile cannot be read: {what}.");
}
