def match_indicator(subject, unit, normalised_unit):
    return None
