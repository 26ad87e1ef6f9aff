namespace Maps.Core.Geodesy;

/// <summary>A CRS84 position: longitude then latitude, in degrees.</summary>
public readonly record struct LonLat(double Lon, double Lat);
