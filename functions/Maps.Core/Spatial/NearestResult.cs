namespace Maps.Core.Spatial;

/// <summary>
/// A nearest-feature answer: which feature, its great-circle distance in km and the closest point
/// on it (the far end of the connector line drawn from the query point).
/// </summary>
public readonly record struct NearestResult(string CollectionId, string FeatureId, double DistanceKm, double ClosestLon, double ClosestLat);
