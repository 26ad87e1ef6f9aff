using Azure.Data.Tables;

namespace Maps.Storage.Tables;

/// <summary>
/// Packs the bytes of a version — its features' GeoJSON joined by commas, i.e. the inside of the
/// <c>features</c> array — into feature rows of up to <see cref="StoreSchema.DataPropertiesPerRow"/>
/// binary columns of 64 KiB each, and rows into partitions of <see cref="StoreSchema.RowsPerPartition"/>
/// rows, each partition one batch. A feature may straddle columns and rows: the reader concatenates
/// every column of every row in key order, so a 3 MB cable comes back byte for byte. Not thread-safe.
/// </summary>
public sealed class RowPacker(string collectionId, string versionId)
{
    private readonly Queue<IReadOnlyList<TableTransactionAction>> _batches = new();
    private readonly List<TableTransactionAction> _partitionRows = [];
    private readonly List<byte[]> _rowColumns = [];
    private byte[] _column = new byte[TableLimits.MaxPropertyBytes];
    private int _columnLength;
    private bool _anyFeature;
    private bool _flushed;

    public long ByteSize { get; private set; }

    public int FeatureCount { get; private set; }

    public int RowCount { get; private set; }

    public int BatchCount { get; private set; }

    /// <summary>Appends one feature's bytes (a comma goes before every feature but the first).</summary>
    public void AppendFeature(ReadOnlySpan<byte> feature)
    {
        if (_flushed)
            throw new InvalidOperationException("The packer has been flushed.");
        if (_anyFeature)
            Append([(byte)',']);
        Append(feature);
        _anyFeature = true;
        FeatureCount++;
    }

    /// <summary>Takes the next complete batch (one partition), if there is one.</summary>
    public bool TryTakeBatch(out IReadOnlyList<TableTransactionAction> batch) => _batches.TryDequeue(out batch!);

    /// <summary>Closes the last column, row and partition; afterwards <see cref="TryTakeBatch"/> yields the rest.</summary>
    public void Flush()
    {
        if (_flushed)
            return;
        _flushed = true;
        if (_columnLength > 0)
            CloseColumn();
        if (_rowColumns.Count > 0)
            CloseRow();
        if (_partitionRows.Count > 0)
            ClosePartition();
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int n = Math.Min(bytes.Length, _column.Length - _columnLength);
            bytes[..n].CopyTo(_column.AsSpan(_columnLength));
            _columnLength += n;
            ByteSize += n;
            bytes = bytes[n..];
            if (_columnLength == _column.Length)
                CloseColumn();
        }
    }

    private void CloseColumn()
    {
        _rowColumns.Add(_columnLength == _column.Length ? _column : _column[.._columnLength]);
        _column = new byte[TableLimits.MaxPropertyBytes];
        _columnLength = 0;
        if (_rowColumns.Count == StoreSchema.DataPropertiesPerRow)
            CloseRow();
    }

    private void CloseRow()
    {
        var entity = new TableEntity(StoreSchema.FeaturePartition(collectionId, versionId, BatchCount), StoreSchema.FeatureRow(RowCount));
        int length = 0;
        for (int i = 0; i < _rowColumns.Count; i++)
        {
            entity[StoreSchema.DataProperty(i)] = _rowColumns[i];
            length += _rowColumns[i].Length;
        }
        entity[StoreSchema.RowLength] = length;
        _rowColumns.Clear();
        _partitionRows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
        RowCount++;
        if (_partitionRows.Count == StoreSchema.RowsPerPartition)
            ClosePartition();
    }

    private void ClosePartition()
    {
        _batches.Enqueue(_partitionRows.ToArray());
        _partitionRows.Clear();
        BatchCount++;
    }
}
