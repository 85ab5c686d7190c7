import graphene


def enum_from_choices(name, choices):
    return graphene.Enum(name, [(choice.name, choice.value) for choice in choices])
